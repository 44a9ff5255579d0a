// A correct configuration, with the parameters rs/cors' README describes.
package main

import (
	"net/http"
	"os"

	"github.com/rs/cors"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/items", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Total-Count", "42")
		_, _ = w.Write([]byte(`{"ok":true}`))
	})
	c := cors.New(cors.Options{
		AllowedOrigins:   []string{"http://localhost:5173"},
		AllowedMethods:   []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete},
		AllowedHeaders:   []string{"Content-Type", "Authorization"},
		ExposedHeaders:   []string{"X-Total-Count"},
		AllowCredentials: true,
		MaxAge:           600,
	})
	if err := http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), c.Handler(mux)); err != nil {
		panic(err)
	}
}
