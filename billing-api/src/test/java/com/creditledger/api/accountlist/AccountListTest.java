package com.creditledger.api.accountlist;

import com.creditledger.api.support.Api.Response;
import com.creditledger.api.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/accounts: ids by prefix, in byte order, a page at a time, each with its balance. */
class AccountListTest extends ServiceTest {

    private final String prefix = "lst" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void accounts_are_listed_by_prefix_in_byte_order_and_paged() {
        for (String suffix : new String[]{"-b", "-aa", "-a_1", "-a.2"}) {
            assertThat(billing().post("/api/accounts", "{\"accountId\":\"" + prefix + suffix + "\"}").status()).isEqualTo(201);
        }
        billing().post("/api/accounts/" + prefix + "-aa/top-ups", "{\"paymentId\":\"p\",\"credits\":1234}");

        eventually(() -> {
            JsonNode all = as("job-service").get("/api/accounts?prefix=" + prefix).body();
            assertThat(all.path("totalItems").asLong()).isEqualTo(4);
            assertThat(all.path("items").findValuesAsText("accountId"))
                    .as("byte order: '.' < '_' < 'a', whatever the database's collation")
                    .containsExactly(prefix + "-a.2", prefix + "-a_1", prefix + "-aa", prefix + "-b");
            assertThat(all.path("items").get(2).path("total").asLong()).isEqualTo(1234);
        });

        JsonNode second = finance().get("/api/accounts?prefix=" + prefix + "&page=1&size=3").body();
        assertThat(second.path("items").findValuesAsText("accountId")).containsExactly(prefix + "-b");
        assertThat(second.path("page").asInt()).isEqualTo(1);
        assertThat(second.path("size").asInt()).isEqualTo(3);
        assertThat(second.path("totalItems").asLong()).isEqualTo(4);

        assertThat(finance().get("/api/accounts?prefix=" + prefix + "-a_").body().path("items").findValuesAsText("accountId"))
                .as("'_' is a character of ids, not a wildcard").containsExactly(prefix + "-a_1");
        assertThat(finance().get("/api/accounts?prefix=" + prefix + "-c").body().path("totalItems").asLong()).isZero();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            ?prefix=a%25        | prefix
            ?prefix=a%20b       | prefix
            ?size=0             | size
            ?size=501           | size
            ?page=-1            | page
            """)
    void a_wrong_query_is_refused_with_its_field(String query, String field) {
        Response response = finance().get("/api/accounts" + query);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.reason()).isEqualTo("INVALID_REQUEST");
        assertThat(response.body().path("field").asText()).isEqualTo(field);
    }
}
