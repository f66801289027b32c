package com.creditledger.api.console;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.util.Set;
import java.util.stream.Collectors;

import static com.creditledger.api.security.SecurityConfiguration.AUDITOR;
import static com.creditledger.api.security.SecurityConfiguration.FINANCE;

/** Who is looking, and so which parts of a page they see: the same split as the API's rules. */
public record Viewer(String name, boolean readsUsage, boolean audits) {

    static Viewer of(Authentication user) {
        Set<String> roles = user.getAuthorities().stream().map(GrantedAuthority::getAuthority).collect(Collectors.toSet());
        boolean auditor = roles.contains("ROLE_" + AUDITOR);
        return new Viewer(user.getName(), auditor || roles.contains("ROLE_" + FINANCE), auditor);
    }
}
