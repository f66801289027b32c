package com.creditledger.api.console;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Signing in, and the first page each role lands on. */
@Controller
public class ConsoleController {

    @GetMapping("/console/login")
    String login() {
        return "console/login";
    }

    @GetMapping("/console")
    String home(Authentication user) {
        return "redirect:" + (Viewer.of(user).readsUsage() ? "/console/overview" : "/console/accounts");
    }
}
