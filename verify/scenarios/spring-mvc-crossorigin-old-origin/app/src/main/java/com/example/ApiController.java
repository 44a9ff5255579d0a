// The harness's route contract: /api/items 200 with X-Total-Count, /api/error 500,
// /api/private 200 (the bearer-token check sits in front of it).
package com.example;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

// Broken on purpose: the allowed origin is the old dev server.
@CrossOrigin(origins = "http://localhost:3000")
@RestController
public class ApiController {

    @RequestMapping(
            path = "/api/items",
            method = {
                RequestMethod.GET,
                RequestMethod.POST,
                RequestMethod.PUT,
                RequestMethod.PATCH,
                RequestMethod.DELETE
            })
    public ResponseEntity<String> items() {
        return ResponseEntity.ok()
                .header("X-Total-Count", "42")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"ok\":true}");
    }

    @RequestMapping(path = "/api/error", method = RequestMethod.GET)
    public ResponseEntity<String> error() {
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"error\":\"boom\"}");
    }

    @RequestMapping(path = "/api/private")
    public ResponseEntity<String> secret() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body("{\"ok\":true}");
    }
}
