// rs/cors app for the harness; CORS is the generated corsMiddleware() (rs/cors), outermost.
package main

import (
	"net/http"
	"os"
)

func jsonReply(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

func requireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer s3cret" {
			jsonReply(w, http.StatusUnauthorized, `{"error":"unauthorized"}`)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func routes() *http.ServeMux {
	mux := http.NewServeMux()
	items := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Total-Count", "42")
		jsonReply(w, http.StatusOK, `{"ok":true}`)
	}
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		mux.HandleFunc(m+" /api/items", items)
	}
	// An explicit 500: net/http has no error handler. A panic in a handler is recovered by the
	// server only to log it and drop the connection (no answer at all, nothing a CORS layer
	// could decorate), so an unhandled error has no 500 to check here.
	mux.HandleFunc("GET /api/error", func(w http.ResponseWriter, r *http.Request) {
		jsonReply(w, http.StatusInternalServerError, `{"error":"boom"}`)
	})
	private := requireToken(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		jsonReply(w, http.StatusOK, `{"ok":true}`)
	}))
	mux.Handle("/api/private", private)
	return mux
}

func main() {
	addr := "127.0.0.1:" + os.Getenv("PORT")
	if err := http.ListenAndServe(addr, corsMiddleware().Handler(routes())); err != nil {
		panic(err)
	}
}
