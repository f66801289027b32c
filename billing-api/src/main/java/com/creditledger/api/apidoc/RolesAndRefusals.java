package com.creditledger.api.apidoc;

import com.creditledger.account.RejectionReason;
import com.creditledger.api.security.BillingUsers.Role;
import com.creditledger.api.security.EndpointRoles;
import com.creditledger.api.web.Problems;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Adds to every operation the roles that may call it, read from the security rules themselves
 * ({@link EndpointRoles}) so that the description cannot drift from what is enforced, and the
 * refusals it can answer, each a {@code Problem}. A command's refusals are listed by status with
 * their reasons, as {@link Problems#statusOf} gives them.
 */
class RolesAndRefusals implements OpenApiCustomizer {

    static final String ROLES_EXTENSION = "x-required-roles";
    private static final String COMMAND_RESULT = "#/components/schemas/CommandResult";

    @Override
    public void customise(OpenAPI api) {
        // here rather than in the document's bean: springdoc drops the schemas no operation refers to yet
        api.getComponents().addSchemas(ProblemSchema.NAME, ProblemSchema.schema());
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                describe(path, HttpMethod.valueOf(method.name()), operation)));
    }

    private static void describe(String path, HttpMethod method, Operation operation) {
        Set<Role> roles = EndpointRoles.rolesFor(method, path);
        List<String> names = roles.stream().sorted().map(Role::name).toList();
        operation.addExtension(ROLES_EXTENSION, names);
        String rolesLine = "Roles: " + (names.isEmpty() ? "none" : String.join(", ", names)) + ".";
        operation.setDescription(operation.getDescription() == null ? rolesLine : operation.getDescription() + "\n\n" + rolesLine);

        ApiResponses responses = operation.getResponses();
        boolean command = isCommand(responses);
        refusal(responses, HttpStatus.BAD_REQUEST, "The request is invalid (" + (command ? reasonsOf(HttpStatus.BAD_REQUEST)
                + ", or the reason of the field at fault" : "INVALID_REQUEST, INVALID_ACCOUNT_ID") + "); `field` names it.");
        refusal(responses, HttpStatus.UNAUTHORIZED, "No credentials, or wrong ones (UNAUTHENTICATED).");
        refusal(responses, HttpStatus.FORBIDDEN, "The caller's role may not do this (FORBIDDEN): "
                + EndpointRoles.denial(roles) + ".");
        refusal(responses, HttpStatus.NOT_FOUND, command ? "Not found (" + reasonsOf(HttpStatus.NOT_FOUND) + ")."
                : path.contains("{accountId}") ? "No such account (UNKNOWN_ACCOUNT)." : "Not found (INVALID_REQUEST).");
        refusal(responses, HttpStatus.NOT_ACCEPTABLE,
                "The Accept header allows neither application/json nor application/problem+json (INVALID_REQUEST).");
        if (operation.getRequestBody() != null) {
            refusal(responses, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The body is not sent as application/json (INVALID_REQUEST).");
        }
        if (command) {
            Stream.of(HttpStatus.PAYMENT_REQUIRED, HttpStatus.CONFLICT, HttpStatus.UNPROCESSABLE_ENTITY).forEach(status ->
                    refusal(responses, status, "The command is refused (" + reasonsOf(status) + ")."));
        }
        refusal(responses, HttpStatus.INTERNAL_SERVER_ERROR, "The service failed, not the request (INTERNAL_ERROR); "
                + "the failure is in its log.");
        // those the operation declares itself too
        responses.forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                response.setContent(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                        new MediaType().schema(new Schema<>().$ref(ProblemSchema.REF))));
            }
        });
    }

    /** Answers a command's result: it can be refused for any of the commands' reasons. */
    private static boolean isCommand(ApiResponses responses) {
        return responses.entrySet().stream()
                .filter(response -> response.getKey().startsWith("2") && response.getValue().getContent() != null)
                .flatMap(response -> response.getValue().getContent().values().stream())
                .anyMatch(media -> media.getSchema() != null && COMMAND_RESULT.equals(media.getSchema().get$ref()));
    }

    private static String reasonsOf(HttpStatus status) {
        return Stream.of(RejectionReason.values()).filter(reason -> Problems.statusOf(reason) == status)
                .map(Enum::name).collect(Collectors.joining(", "));
    }

    /** A refusal the operation declares itself keeps its own description. */
    private static void refusal(ApiResponses responses, HttpStatus status, String description) {
        responses.computeIfAbsent(String.valueOf(status.value()), code -> new ApiResponse().description(description));
    }
}
