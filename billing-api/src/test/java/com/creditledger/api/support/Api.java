package com.creditledger.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Real HTTP calls to the running service, as one of its users. */
public class Api {

    /** {@code text} is the body as it came, for answers that are not one JSON document (CSV, NDJSON). */
    public record Response(int status, String contentType, JsonNode body, java.net.http.HttpHeaders headers, String text) {

        public boolean isProblem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }

        public String reason() {
            return body.path("reason").asText(null);
        }

        /** The header's value, or null without it. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String authorization;

    public Api(int port, String user, String password) {
        this(port, user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private Api(int port, String authorization) {
        this.baseUrl = "http://localhost:" + port;
        this.authorization = authorization;
    }

    /** A caller with an OAuth2 bearer token. */
    public static Api withToken(int port, String token) {
        return new Api(port, "Bearer " + token);
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    /** A null {@code json} sends no body at all. */
    public Response post(String path, String json) {
        return send(withJson(path, json).POST(body(json)));
    }

    public Response put(String path, String json) {
        return send(withJson(path, json).PUT(body(json)));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
    }

    /**
     * A request as given, for what a well-behaved client would not send: only the credentials are
     * added. A null {@code body} sends none.
     */
    public Response send(String method, String path, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request);
    }

    private HttpRequest.Builder withJson(String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
        return json == null ? request : request.header("Content-Type", "application/json");
    }

    /** An answer that is not JSON (an error page of the servlet container, say) is kept as text, for the assertion to show. */
    private static JsonNode readable(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
    }

    private Response send(HttpRequest.Builder request) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    body == null || body.isBlank() ? JSON.nullNode() : readable(body), response.headers(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
