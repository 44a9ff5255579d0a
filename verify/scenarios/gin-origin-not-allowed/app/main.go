// Broken on purpose: the page's origin (port 5173) is not listed.
package main

import (
	"net/http"
	"os"

	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
)

func main() {
	gin.SetMode(gin.ReleaseMode)
	r := gin.Default()
	r.Use(cors.New(cors.Config{
		AllowOrigins: []string{"http://localhost:3000"},
		AllowMethods: []string{"GET", "PUT"},
		AllowHeaders: []string{"Content-Type"},
	}))
	items := func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"ok": true}) }
	r.GET("/api/items", items)
	r.PUT("/api/items", items)
	if err := r.Run("127.0.0.1:" + os.Getenv("PORT")); err != nil {
		panic(err)
	}
}
