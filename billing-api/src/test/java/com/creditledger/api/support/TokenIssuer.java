package com.creditledger.api.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real OAuth2 authorization server (Spring Authorization Server) on a port of its own, issuing
 * client-credentials tokens signed with a key of its own, as an organisation's identity provider
 * would. Each client's token carries its roles in the claim {@link #ROLES_CLAIM}; the client
 * {@link #EXPIRED} gets tokens that expired an hour ago.
 */
public final class TokenIssuer implements AutoCloseable {

    public static final String ROLES_CLAIM = "billing_roles";
    public static final String EXPIRED = "expired-job-service";

    /** Client id and the roles its tokens carry. */
    static final Map<String, List<String>> CLIENTS = Map.of(
            "render-farm", List.of("JOB_SERVICE"),
            "reporting", List.of("FINANCE"),
            EXPIRED, List.of("JOB_SERVICE"));

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConfigurableApplicationContext context;

    private TokenIssuer(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** An issuer that names itself by its own address. */
    public static TokenIssuer start() {
        return start("");
    }

    /** An issuer that names itself {@code claimedIssuer} (empty: its own address), with a key of its own. */
    public static TokenIssuer start(String claimedIssuer) {
        // no application.yml: that is the billing service's
        return new TokenIssuer(new SpringApplicationBuilder(Server.class).web(WebApplicationType.SERVLET)
                .properties("spring.config.name=token-issuer", "server.port=0", "spring.main.banner-mode=off",
                        "token-issuer.claimed-issuer=" + claimedIssuer)
                .run());
    }

    public String uri() {
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** A client-credentials token for {@code clientId}. */
    public String token(String clientId) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret(clientId)).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri() + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the issuer refused a token for " + clientId + ": " + response.body());
            }
            return JSON.readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every client has a secret of its own: the server refuses two clients with one. */
    private static String secret(String clientId) {
        return clientId + "-secret";
    }

    @Override
    public void close() {
        context.close();
    }

    /** Not a component: the billing service's component scan must not find it. */
    @ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
            PropertyPlaceholderAutoConfiguration.class, SecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class})
    static class Server {

        @Bean
        SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
            OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
            http.securityMatcher(server.getEndpointsMatcher())
                    .with(server, configurer -> { })
                    .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .csrf(csrf -> csrf.ignoringRequestMatchers(server.getEndpointsMatcher()));
            return http.build();
        }

        @Bean
        AuthorizationServerSettings settings(Environment environment) {
            String claimed = environment.getProperty("token-issuer.claimed-issuer", "");
            return claimed.isEmpty() ? AuthorizationServerSettings.builder().build()
                    : AuthorizationServerSettings.builder().issuer(claimed).build();
        }

        @Bean
        RegisteredClientRepository clients() {
            return new InMemoryRegisteredClientRepository(CLIENTS.keySet().stream()
                    .map(id -> RegisteredClient.withId(UUID.randomUUID().toString()).clientId(id)
                            .clientSecret("{noop}" + secret(id))
                            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                            .build())
                    .toList());
        }

        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> roles() {
            return context -> {
                String client = context.getRegisteredClient().getClientId();
                context.getClaims().claim(ROLES_CLAIM, CLIENTS.get(client));
                if (client.equals(EXPIRED)) {
                    Instant issued = Instant.now().minus(Duration.ofHours(2));
                    context.getClaims().issuedAt(issued).notBefore(issued).expiresAt(issued.plus(Duration.ofHours(1)));
                }
            };
        }

        @Bean
        JWKSource<SecurityContext> keys() throws NoSuchAlgorithmException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            var pair = generator.generateKeyPair();
            RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString()).build();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }
    }
}
