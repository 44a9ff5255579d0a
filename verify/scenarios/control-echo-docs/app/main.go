// A correct configuration, as Echo's CORS middleware documentation shows it.
package main

import (
	"net/http"
	"os"

	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"
)

func main() {
	e := echo.New()
	e.Use(middleware.CORSWithConfig(middleware.CORSConfig{
		AllowOrigins:     []string{"http://localhost:5173"},
		AllowMethods:     []string{"GET", "POST", "PUT", "DELETE"},
		AllowHeaders:     []string{"Authorization", "Content-Type"},
		AllowCredentials: true,
		ExposeHeaders:    []string{"X-Total-Count"},
		MaxAge:           600,
	}))
	auth := func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			if c.Request().Header.Get("Authorization") != "Bearer s3cret" {
				return c.JSON(http.StatusUnauthorized, map[string]string{"error": "unauthorized"})
			}
			return next(c)
		}
	}
	items := func(c *echo.Context) error {
		c.Response().Header().Set("X-Total-Count", "42")
		return c.JSON(http.StatusOK, map[string]bool{"ok": true})
	}
	e.GET("/api/items", items, auth)
	e.PUT("/api/items", items, auth)
	if err := http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), e); err != nil {
		panic(err)
	}
}
