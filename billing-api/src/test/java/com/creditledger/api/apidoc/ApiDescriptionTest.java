package com.creditledger.api.apidoc;

import com.creditledger.account.RejectionReason;
import com.creditledger.api.support.Api;
import com.creditledger.api.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document as a client generator gets it: valid, typed, and true to what the
 * service does (roles, required fields, refusals), checked against the running service.
 */
class ApiDescriptionTest extends ServiceTest {

    static final List<String> ROLES = List.of("JOB_SERVICE", "BILLING", "FINANCE", "AUDITOR");
    static final String PROBLEM_JSON = "application/problem+json";

    String document;
    JsonNode example;
    OpenAPI api;

    @BeforeEach
    void read() {
        Api.Response response = as("auditor").get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        document = response.body().toString();
        example = response.body().path("components").path("schemas").path("Problem").path("example");
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document, null, options);
        assertThat(parsed.getMessages()).as("what the parser found wrong").isEmpty();
        api = parsed.getOpenAPI();
    }

    @Test
    void the_document_names_the_service_and_its_ways_to_sign_in() {
        assertThat(api.getInfo().getTitle()).isEqualTo("Credit Ledger");
        assertThat(api.getInfo().getVersion()).isNotBlank().isNotEqualTo("v0");
        assertThat(api.getInfo().getDescription()).contains("problem+json", "bearer");
        assertThat(api.getComponents().getSecuritySchemes()).containsKey("basic");
        assertThat(api.getSecurity()).isNotEmpty();
        // the service under test has no issuer configured: it offers no bearer tokens (BearerTokenTest has one)
        assertThat(api.getComponents().getSecuritySchemes()).doesNotContainKey("bearer");
    }

    @Test
    void operations_are_tagged_by_feature_and_no_answer_is_untyped() {
        List<String> tags = new ArrayList<>();
        operations((where, operation) -> tags.addAll(operation.getTags()));
        assertThat(tags).isNotEmpty().noneMatch(tag -> tag.endsWith("-controller"));
        assertThat(tags).contains("accounts", "pricing", "finance", "re-rating", "audit", "usage", "alerts", "operations");
        assertThat(document).doesNotContain("*/*");
        operations((where, operation) -> operation.getResponses().forEach((status, response) -> {
            if (status.startsWith("2") && !status.equals("204")) {
                assertThat(response.getContent()).as("%s answers %s", where, status).isNotEmpty();
            }
        }));
    }

    @Test
    void every_operation_documents_its_roles_and_its_refusals() {
        operations((where, operation) -> {
            List<String> roles = roles(operation);
            assertThat(roles).as("%s roles", where).isNotEmpty().isSubsetOf(ROLES);
            assertThat(operation.getDescription()).as("%s", where).contains("Roles: " + String.join(", ", roles));
            assertThat(operation.getResponses()).as("%s", where).containsKeys("400", "401", "403", "404", "500");
            assertThat(operation.getResponses().get("403").getDescription()).as("%s", where).contains(roles);
            operation.getResponses().forEach((status, response) -> {
                if (status.startsWith("4") || status.startsWith("5")) {
                    assertThat(problemSchema(response)).as("%s %s", where, status).isEqualTo("#/components/schemas/Problem");
                }
            });
        });
    }

    @Test
    void the_roles_documented_are_the_roles_enforced() {
        operations((where, operation) -> {
            List<String> roles = roles(operation);
            for (String role : ROLES) {
                if (!roles.contains(role)) {
                    Api.Response refused = send(user(role), where);
                    assertThat(refused.status()).as("%s as %s", where, role).isEqualTo(403);
                    assertThat(refused.body().path("detail").asText()).as("%s as %s", where, role)
                            .isEqualTo(operation.getResponses().get("403").getDescription()
                                    .replaceFirst("^.*\\(FORBIDDEN\\): ", "").replaceFirst("\\.$", ""));
                }
            }
        });
    }

    @Test
    void the_fields_documented_as_required_are_those_a_request_is_refused_without() {
        List<String> checked = new ArrayList<>();
        operations((where, operation) -> {
            MediaType body = operation.getRequestBody() == null ? null
                    : operation.getRequestBody().getContent().get("application/json");
            if (body == null || !where.path().startsWith("/api/accounts")) {
                return;
            }
            Schema<?> schema = resolve(body.getSchema());
            if (schema.getRequired() == null) {
                assertThat(operation.getRequestBody().getRequired()).as("%s: an optional body", where).isNotEqualTo(Boolean.TRUE);
                return;
            }
            assertThat(operation.getRequestBody().getRequired()).as("%s: the body is required", where).isTrue();
            List<String> roles = roles(operation);
            Api.Response refused = send(user(roles.get(0)), where);
            assertThat(refused.status()).as("%s with {}: %s", where, refused.body()).isEqualTo(400);
            assertThat(refused.body().path("field").asText()).as("%s with {}", where).isIn(schema.getRequired());
            checked.add(where.path());
        });
        assertThat(checked).hasSizeGreaterThanOrEqualTo(8);
        Schema<?> charge = resolve(api.getPaths().get("/api/accounts/{accountId}/charges").getPost().getRequestBody()
                .getContent().get("application/json").getSchema());
        assertThat(charge.getRequired()).containsExactlyInAnyOrder("jobId", "tool");
    }

    @Test
    void the_problem_schema_lists_every_reason() {
        Schema<?> problem = api.getComponents().getSchemas().get("Problem");
        assertThat(problem.getRequired()).contains("reason", "status", "detail");
        assertThat(example.path("reason").asText()).as("an example object, not its text").isEqualTo("INSUFFICIENT_CREDITS");
        List<Object> reasons = new ArrayList<>(problem.getProperties().get("reason").getEnum());
        for (RejectionReason reason : RejectionReason.values()) {
            assertThat(reasons).contains(reason.name());
        }
        assertThat(reasons).contains("UNAUTHENTICATED", "FORBIDDEN", "INTERNAL_ERROR", "INVALID_CATALOG", "RE_RATING_BUSY");
        // a command's refusals are documented by status with the reasons that answer it
        Operation charge = api.getPaths().get("/api/accounts/{accountId}/charges").getPost();
        assertThat(charge.getResponses().get("402").getDescription()).contains("INSUFFICIENT_CREDITS");
        assertThat(charge.getResponses().get("409").getDescription()).contains("IDEMPOTENCY_CONFLICT");
    }

    record Where(String method, String path) {
    }

    private void operations(BiConsumer<Where, Operation> check) {
        assertThat(api.getPaths()).isNotEmpty();
        for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
            path.getValue().readOperationsMap().forEach((method, operation) ->
                    check.accept(new Where(method.name(), path.getKey()), operation));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> roles(Operation operation) {
        return (List<String>) operation.getExtensions().get(RolesAndRefusals.ROLES_EXTENSION);
    }

    private Schema<?> resolve(Schema<?> schema) {
        return schema.get$ref() == null ? schema
                : api.getComponents().getSchemas().get(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1));
    }

    private static String problemSchema(ApiResponse response) {
        MediaType problem = response.getContent() == null ? null : response.getContent().get(PROBLEM_JSON);
        return problem == null || problem.getSchema() == null ? null : problem.getSchema().get$ref();
    }

    /** The request of the operation, with {@code {}} for a body, on an account no other test uses. */
    private Api.Response send(String user, Where where) {
        boolean body = where.method().equals("POST") || where.method().equals("PUT");
        return as(user).send(where.method(), concrete(where.path()), body ? Map.of("Content-Type", "application/json") : Map.of(),
                body ? "{}".getBytes(StandardCharsets.UTF_8) : null);
    }

    /** A path of the template, on an account no other test uses. */
    private static String concrete(String template) {
        return template.replace("{accountId}", "acc-api-description").replaceAll("\\{[^}]+}", "x");
    }

    private static String user(String role) {
        return role.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
