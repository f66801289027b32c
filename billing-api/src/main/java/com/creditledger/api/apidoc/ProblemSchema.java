package com.creditledger.api.apidoc;

import com.creditledger.account.RejectionReason;
import com.creditledger.api.rerating.ReRatingController;
import com.creditledger.api.web.Problems;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;

import java.util.List;
import java.util.stream.Stream;

/** How every refusal looks (RFC 7807), with every {@code reason} the service gives, taken from where they are defined. */
final class ProblemSchema {

    static final String NAME = "Problem";
    static final String REF = "#/components/schemas/" + NAME;

    private ProblemSchema() {
    }

    /** The commands' reasons, then those of the service and its features. */
    static List<String> reasons() {
        return Stream.concat(Stream.of(RejectionReason.values()).map(Enum::name),
                Stream.of(Problems.UNAUTHENTICATED, Problems.FORBIDDEN, Problems.INTERNAL_ERROR,
                        ReRatingController.INVALID_CATALOG, ReRatingController.RE_RATING_BUSY)).toList();
    }

    static Schema<?> schema() {
        ObjectNode example = JsonNodeFactory.instance.objectNode()
                .put("type", "https://credit-ledger.dev/problems/insufficient-credits")
                .put("title", "Insufficient credits")
                .put("status", 402)
                .put("detail", "the job costs 18 credits, the account has 5")
                .put("instance", "/api/accounts/acc-1/charges")
                .put("reason", RejectionReason.INSUFFICIENT_CREDITS.name())
                .put("duplicate", false)
                .put("credits", 18);
        // a plain schema of type object: ObjectSchema would turn the example into its text
        return new Schema<>().type("object")
                .description("A refusal: nothing was changed. `reason` tells why, `field` which field (when one is at fault).")
                .addProperty("type", new StringSchema().format("uri"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema().description("what was wrong, for people"))
                .addProperty("instance", new StringSchema().format("uri"))
                .addProperty("reason", new StringSchema()._enum(reasons()).description("what was wrong, for programs"))
                .addProperty("field", new StringSchema().description("the field at fault, such as jobId or params.width"))
                .addProperty("duplicate", new BooleanSchema().description("a refused command: it was a repeat of one refused before"))
                .addProperty("credits", new IntegerSchema().format("int64").description("a refused command: the price"))
                .addProperty("balance", new Schema<>().$ref("#/components/schemas/Balance")
                        .description("a refused command: the account's balance"))
                .required(List.of("type", "title", "status", "detail", "reason"))
                .example(example);
    }
}
