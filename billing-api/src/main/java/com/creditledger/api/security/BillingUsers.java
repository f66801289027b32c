package com.creditledger.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Set;

/** The callers of the API, from configuration ({@code billing.security.users}). */
@ConfigurationProperties("billing.security")
public record BillingUsers(List<User> users) {

    public static final String DEMO_PASSWORD = "demo";

    public enum Role { JOB_SERVICE, BILLING, FINANCE, AUDITOR }

    /** {@code password} may be plain or an encoded form such as {@code {bcrypt}$2a$...}. */
    public record User(String name, String password, Set<Role> roles) {
    }

    public BillingUsers {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public List<String> namesWithDemoPassword() {
        return users.stream().filter(user -> DEMO_PASSWORD.equals(user.password())).map(User::name).toList();
    }
}
