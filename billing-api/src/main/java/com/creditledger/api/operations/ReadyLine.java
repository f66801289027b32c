package com.creditledger.api.operations;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.stereotype.Component;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The last line of a start: ready, since when, and where to reach it (HTTP, Kafka, the database),
 * so that whoever started it knows where to point curl, a Kafka client or psql.
 */
@Component
class ReadyLine {

    private static final Logger log = LoggerFactory.getLogger(ReadyLine.class);

    private final ObjectProvider<EmbeddedPostgres> embeddedPostgres;
    private final ObjectProvider<KafkaConnectionDetails> kafka;
    private final ObjectProvider<EmbeddedKafkaKraftBroker> embeddedKafka;
    private final String databaseUrl;
    private final Path dataDirectory;

    ReadyLine(ObjectProvider<EmbeddedPostgres> embeddedPostgres, ObjectProvider<KafkaConnectionDetails> kafka,
              ObjectProvider<EmbeddedKafkaKraftBroker> embeddedKafka, @Value("${billing.db.url:}") String databaseUrl,
              @Value("${billing.db.embedded.data-directory}") Path dataDirectory) {
        this.embeddedPostgres = embeddedPostgres;
        this.kafka = kafka;
        this.embeddedKafka = embeddedKafka;
        this.databaseUrl = databaseUrl;
        this.dataDirectory = dataDirectory;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web ? web.getWebServer().getPort() : -1;
        // the JVM's uptime, not the context's: what the person who started it waited
        double seconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        log.info("Credit Ledger ready in {} s: http://localhost:{} · {} · {}", String.format(Locale.ROOT, "%.1f", seconds), port,
                kafka(), database());
    }

    private String kafka() {
        KafkaConnectionDetails details = kafka.getIfAvailable();
        if (details == null) {
            return "Kafka off (billing.kafka.enabled=false)";
        }
        String servers = String.join(",", details.getBootstrapServers());
        return embeddedKafka.getIfAvailable() == null ? "Kafka " + servers : "Kafka " + servers + " (in-process)";
    }

    private String database() {
        EmbeddedPostgres postgres = embeddedPostgres.getIfAvailable();
        if (postgres != null) {
            return "PostgreSQL embedded at " + dataDirectory + " (port " + postgres.getPort() + ")";
        }
        // the query string may carry a password
        int query = databaseUrl.indexOf('?');
        return "PostgreSQL " + (query < 0 ? databaseUrl : databaseUrl.substring(0, query));
    }
}
