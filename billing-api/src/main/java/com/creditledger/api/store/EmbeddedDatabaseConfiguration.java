package com.creditledger.api.store;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * With no database configured, the service runs on a real PostgreSQL of its own, started in
 * process, whose data stays in a directory so everything survives a restart.
 */
@Configuration
@ConditionalOnExpression("'${billing.db.url:}'.isBlank()")
public class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(@Value("${billing.db.embedded.data-directory}") Path dataDirectory,
                                      @Value("${billing.db.embedded.port}") int port) throws IOException {
        Files.createDirectories(dataDirectory);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory.toFile())
                .setCleanDataDirectory(false)
                .setPort(port)
                // stopped by this bean's close, after everything that uses the database: its own
                // JVM shutdown hook would stop it while the event processors and scheduler still run
                .setRegisterShutdownHook(false)
                .start();
        log.info("No database configured (BILLING_DB_URL): running an embedded PostgreSQL on port {} with its data in {}. "
                        + "To use a real PostgreSQL instead, set BILLING_DB_URL (and BILLING_DB_USER, BILLING_DB_PASSWORD).",
                port, dataDirectory.toAbsolutePath());
        return postgres;
    }

    @Bean
    DataSource dataSource(EmbeddedPostgres postgres, @Value("${billing.db.jdbc-options}") String jdbcOptions,
                          @Value("${spring.datasource.hikari.connection-init-sql:}") String connectionInitSql) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres") + "&" + jdbcOptions);
        dataSource.setUsername("postgres");
        dataSource.setPoolName("billing-embedded");
        if (!connectionInitSql.isBlank()) {
            dataSource.setConnectionInitSql(connectionInitSql);
        }
        return dataSource;
    }
}
