// gin app for the harness; CORS is the generated corsMiddleware() on the engine, first.
package main

import (
	"net/http"
	"os"

	"github.com/gin-gonic/gin"
)

func main() {
	gin.SetMode(gin.ReleaseMode)
	// gin.Default(): Logger and Recovery, then the generated CORS middleware, as most gin apps do.
	r := gin.Default()
	r.Use(corsMiddleware())
	items := func(c *gin.Context) {
		c.Header("X-Total-Count", "42")
		c.JSON(http.StatusOK, gin.H{"ok": true})
	}
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		r.Handle(m, "/api/items", items)
	}
	// An unhandled error: a panic, which gin.Default()'s Recovery middleware answers with 500.
	r.GET("/api/error", func(c *gin.Context) { panic("boom") })
	private := r.Group("/api/private", func(c *gin.Context) {
		if c.GetHeader("Authorization") != "Bearer s3cret" {
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "unauthorized"})
			return
		}
		c.Next()
	})
	ok := func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"ok": true}) }
	private.GET("", ok)
	private.PUT("", ok)
	if err := r.Run("127.0.0.1:" + os.Getenv("PORT")); err != nil {
		panic(err)
	}
}
