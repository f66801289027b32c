package com.creditledger.api.audit;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration
public class AuditConfiguration {

    @Bean
    AccountAudit accountAudit(JdbcTemplate jdbcTemplate, EventStorageEngine eventStorageEngine) {
        return new AccountAudit(jdbcTemplate, eventStorageEngine);
    }
}
