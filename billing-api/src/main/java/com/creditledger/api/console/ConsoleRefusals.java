package com.creditledger.api.console;

import com.creditledger.account.InvalidCommandException;
import com.creditledger.api.web.UnknownAccountException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * A page asked for with a wrong parameter (a month that is no month, say) is told so as a page,
 * with the same words the API would use; before the API's problem+json handler.
 */
@ControllerAdvice(assignableTypes = {OverviewController.class, AccountPages.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleRefusals {

    @ExceptionHandler(InvalidCommandException.class)
    String invalid(InvalidCommandException e, Model model, HttpServletResponse response) {
        return refused(HttpStatus.BAD_REQUEST, e.getMessage(), model, response);
    }

    @ExceptionHandler(UnknownAccountException.class)
    String unknown(UnknownAccountException e, Model model, HttpServletResponse response) {
        return refused(HttpStatus.NOT_FOUND, e.getMessage(), model, response);
    }

    private static String refused(HttpStatus status, String message, Model model, HttpServletResponse response) {
        response.setStatus(status.value());
        model.addAttribute("message", message);
        return "console/refused";
    }
}
