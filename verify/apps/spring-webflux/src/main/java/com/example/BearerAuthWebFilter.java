// Bearer-token auth on /api/private as a WebFilter at Spring Security's WebFlux order (-100).
// It answers 401 to anything without the token, OPTIONS included: a preflight that reached it
// would fail, so CORS must run before it.
package com.example;

import java.nio.charset.StandardCharsets;

import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

@Component
@Order(-100)
public class BearerAuthWebFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getPath().value().startsWith("/api/private")
                && !"Bearer s3cret".equals(request.getHeaders().getFirst("Authorization"))) {
            ServerHttpResponse response = exchange.getResponse();
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            DataBuffer body =
                    response.bufferFactory()
                            .wrap("{\"error\":\"unauthorized\"}".getBytes(StandardCharsets.UTF_8));
            return response.writeWith(Mono.just(body));
        }
        return chain.filter(exchange);
    }
}
