// Broken on purpose: Authorization is not in AllowedHeaders (the default list).
package main

import (
	"net/http"
	"os"

	"github.com/rs/cors"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/private", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer s3cret" {
			http.Error(w, `{"error":"unauthorized"}`, http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true}`))
	})
	c := cors.New(cors.Options{AllowedOrigins: []string{"http://localhost:5173"}})
	if err := http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), c.Handler(mux)); err != nil {
		panic(err)
	}
}
