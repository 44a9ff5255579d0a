// Broken on purpose: PUT is not in AllowedMethods (the default list).
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
		_, _ = w.Write([]byte(`{"ok":true}`))
	})
	c := cors.New(cors.Options{
		AllowedOrigins: []string{"http://localhost:5173"},
		AllowedHeaders: []string{"Content-Type"},
	})
	if err := http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), c.Handler(mux)); err != nil {
		panic(err)
	}
}
