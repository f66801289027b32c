package com.creditledger.api;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docker-compose.yml and the Dockerfile as a user relies on them: the compose file is valid (checked
 * by docker-compose itself, which CI installs: .ci/run), every container restarts and reports its
 * health, images are pinned to a release, the service runs as a user without privileges, and
 * PostgreSQL is reachable from the host for the command-line tools.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void the_compose_file_is_valid_and_every_service_restarts_reports_health_and_is_pinned() throws Exception {
        assumeTrue(onPath("docker-compose"), "docker-compose is not installed (.ci/run installs it)");
        Process config = new ProcessBuilder("docker-compose", "-f", "docker-compose.yml", "config")
                .directory(ROOT.toFile()).redirectErrorStream(true).start();
        String resolved = new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(config.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(config.exitValue()).as(resolved).isZero();

        Map<String, Map<String, Object>> services = new Yaml().<Map<String, Map<String, Map<String, Object>>>>load(resolved).get("services");
        assertThat(services).containsKeys("postgres", "kafka", "billing-1", "billing-2");
        services.forEach((name, service) -> {
            assertThat(service.get("restart")).as(name + " restart").isEqualTo("unless-stopped");
            assertThat(service).as(name + " healthcheck").containsKey("healthcheck");
            assertThat((String) service.get("image")).as(name + " image, pinned to a release").matches("[a-z/-]+:\\d+\\.\\d+[\\w.-]*");
        });
        assertThat(services.get("postgres").get("ports").toString()).as("PostgreSQL for the host's command-line tools")
                .contains("5433").contains("5432");
    }

    @Test
    void the_image_is_built_from_pinned_bases_with_dependencies_in_a_layer_of_their_own_and_runs_unprivileged() throws IOException {
        List<String> dockerfile = Files.readAllLines(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile.stream().filter(line -> line.startsWith("FROM ")))
                .allMatch(line -> line.matches("FROM eclipse-temurin:\\d+\\.\\d+\\.\\d+_\\d+-j(dk|re).*"));
        int goOffline = indexOf(dockerfile, "RUN ./mvnw -B -q dependency:go-offline");
        assertThat(goOffline).as("dependencies resolved before the sources are copied")
                .isLessThan(indexOf(dockerfile, "COPY . ."));
        int runtime = dockerfile.lastIndexOf(dockerfile.stream().filter(line -> line.startsWith("FROM ")).reduce((a, b) -> b).orElseThrow());
        assertThat(dockerfile.subList(runtime, dockerfile.size())).contains("USER billing");
    }

    private static int indexOf(List<String> lines, String line) {
        assertThat(lines).contains(line);
        return lines.indexOf(line);
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        return List.of(path.split(":")).stream().anyMatch(directory -> Files.isExecutable(Path.of(directory, command)));
    }
}
