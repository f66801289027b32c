package com.creditledger.api;

import com.creditledger.api.support.SeparateService;
import com.creditledger.api.support.TestDatabase;
import com.creditledger.api.support.TestKafka;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's HTTP tour, run as it is written (bash, GNU date, curl) against a service of its own
 * with the demo users and a fresh database, answers what the README shows below each command: every
 * number, status and reason. Only instants and dates may differ (the tour computes them from today).
 * A read of a projection is asked again for up to 5 s, as read models follow the store.
 */
class ReadmeTourTest {

    private static final String MARKER = "<!-- the HTTP tour: ReadmeTourTest runs this block";
    private static final Pattern ANSWER = Pattern.compile("(?s)(.*)\\s(\\d{3})");
    private static final Pattern INSTANT_OR_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z)?");
    private static final String END_OF_STEP = "@@end-of-step";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Step(String command, String expected) {
        boolean isRead() {
            return !command.contains(" -d ") && !command.contains(" -X ");
        }
    }

    @Test
    void the_tour_answers_what_the_readme_shows() throws Exception {
        List<String> block = tourBlock(Files.readAllLines(Path.of("../README.md")));
        List<Step> steps = steps(block);
        assertThat(steps).as("the tour's commands").hasSizeGreaterThan(15);
        Clock eventClock = GenericEventMessage.clock;
        String[] args = SeparateService.demoArgs("tour-" + ProcessHandle.current().pid(), TestDatabase.newDatabase(), TestKafka.bootstrap());
        try (ConfigurableApplicationContext app = SpringApplication.run(BillingApplication.class, args);
             Bash bash = new Bash("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort())) {
            bash.run(String.join("\n", block.subList(0, block.indexOf(steps.get(0).command().lines().findFirst().orElseThrow()))));
            for (Step step : steps) {
                List<String> differences = run(bash, step);
                assertThat(differences).as("%s%nanswered differently from the README:", step.command()).isEmpty();
            }
        } finally {
            GenericEventMessage.clock = eventClock;
        }
    }

    private static List<String> run(Bash bash, Step step) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            String answer = bash.run(step.command());
            List<String> differences = differences(step, answer);
            if (differences.isEmpty() || !step.isRead() || System.nanoTime() > deadline) {
                return differences;
            }
            Thread.sleep(100);
        }
    }

    private static List<String> differences(Step step, String answer) throws IOException {
        Matcher actual = ANSWER.matcher(answer.strip());
        List<String> differences = new ArrayList<>();
        if (!actual.matches()) {
            return List.of("not an answer and a status: " + answer);
        }
        if (step.expected() == null) {
            if (!actual.group(2).startsWith("2")) {
                differences.add("status " + actual.group(2) + ": " + actual.group(1));
            }
            return differences;
        }
        Matcher expected = ANSWER.matcher(step.expected());
        if (!expected.matches()) {
            return List.of("the README shows no answer and status: " + step.expected());
        }
        if (!expected.group(2).equals(actual.group(2))) {
            differences.add("status " + actual.group(2) + " instead of " + expected.group(2));
        }
        compare("", JSON.readTree(expected.group(1)), JSON.readTree(actual.group(1)), differences);
        if (!differences.isEmpty()) {
            differences.add("the answer: " + actual.group(1));
        }
        return differences;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            names.forEach(name -> compare(path + "." + name, expected.path(name), actual.path(name), differences));
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            Iterator<JsonNode> actualElements = actual.elements();
            int i = 0;
            for (JsonNode element : expected) {
                compare(path + "[" + i++ + "]", element, actualElements.next(), differences);
            }
        } else if (!(expected.equals(actual) || bothInstantsOrDates(expected, actual))) {
            differences.add(path + ": " + actual + " instead of " + expected);
        }
    }

    private static boolean bothInstantsOrDates(JsonNode expected, JsonNode actual) {
        return expected.isTextual() && actual.isTextual()
                && INSTANT_OR_DATE.matcher(expected.asText()).matches() && INSTANT_OR_DATE.matcher(actual.asText()).matches();
    }

    /** The lines of the bash block after the marker. */
    private static List<String> tourBlock(List<String> readme) {
        int marker = readme.stream().filter(line -> line.startsWith(MARKER)).findFirst().map(readme::indexOf)
                .orElseThrow(() -> new AssertionError("README.md has no line starting with " + MARKER));
        assertThat(readme.get(marker + 1)).isEqualTo("```bash");
        int end = readme.subList(marker + 2, readme.size()).indexOf("```") + marker + 2;
        return readme.subList(marker + 2, end);
    }

    /**
     * Each command (a line starting with {@code call}, and its continuation lines) and the answer
     * shown below it: a comment starting with {@code # {} or {@code # [}, continued by comments
     * starting with two spaces, ending with the HTTP status.
     */
    private static List<Step> steps(List<String> block) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < block.size(); i++) {
            if (!block.get(i).startsWith("call ")) {
                continue;
            }
            StringBuilder command = new StringBuilder(block.get(i));
            while (block.get(i).endsWith("\\")) {
                command.append('\n').append(block.get(++i));
            }
            StringBuilder expected = null;
            if (i + 1 < block.size() && (block.get(i + 1).startsWith("# {") || block.get(i + 1).startsWith("# ["))) {
                expected = new StringBuilder(block.get(++i).substring(2));
                while (i + 1 < block.size() && block.get(i + 1).startsWith("#  ")) {
                    expected.append(block.get(++i).substring(3));
                }
            }
            steps.add(new Step(command.toString(), expected == null ? null : expected.toString()));
        }
        return steps;
    }

    /** One bash, so that the tour's variables and function stay defined from one command to the next. */
    private static final class Bash implements AutoCloseable {

        private final Process process;
        private final Writer input;
        private final BufferedReader output;

        Bash(String baseUrl) throws IOException {
            ProcessBuilder builder = new ProcessBuilder("bash").redirectErrorStream(true);
            builder.environment().putAll(Map.of("BASE", baseUrl));
            process = builder.start();
            input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        String run(String commands) throws IOException {
            input.write(commands + "\necho " + END_OF_STEP + "\n");
            input.flush();
            StringBuilder answer = new StringBuilder();
            for (String line = output.readLine(); !END_OF_STEP.equals(line); line = output.readLine()) {
                if (line == null) {
                    throw new UncheckedIOException(new IOException("bash ended: " + answer));
                }
                answer.append(line).append('\n');
            }
            return answer.toString();
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
