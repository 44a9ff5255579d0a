// The app's authentication, inside Spring Security's filter chain (added by the spliced
// authorization rules): `Authorization: Bearer s3cret` authenticates the request. Requests
// without it stay anonymous, and Spring Security's AuthorizationFilter answers 401 on the
// routes that need authentication, OPTIONS included.
package com.example;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

public class BearerTokenFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("Bearer s3cret".equals(request.getHeader("Authorization"))) {
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(
                    UsernamePasswordAuthenticationToken.authenticated(
                            "harness", null, AuthorityUtils.NO_AUTHORITIES));
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }
}
