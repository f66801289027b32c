package com.creditledger.api.fuzz;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

/**
 * What the store holds of some accounts, and how many accounts there are at all: equal before and
 * after, nothing changed (no event, no idempotency key, no new account).
 */
record Ledger(List<String> events, List<String> requestKeys, long accounts) {

    static Ledger of(JdbcClient jdbc, List<String> accountIds) {
        return new Ledger(
                jdbc.sql("""
                                select aggregate_identifier || ':' || count(*) || ':' || max(sequence_number) from domain_event_entry
                                where aggregate_identifier in (:ids) group by aggregate_identifier order by aggregate_identifier""")
                        .param("ids", accountIds).query(String.class).list(),
                jdbc.sql("select account_id || ':' || kind || ':' || request_key from account_request where account_id in (:ids) order by 1")
                        .param("ids", accountIds).query(String.class).list(),
                jdbc.sql("select count(distinct aggregate_identifier) from domain_event_entry").query(Long.class).single());
    }
}
