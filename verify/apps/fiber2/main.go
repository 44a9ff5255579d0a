// Fiber v2 app for the harness; CORS is the generated corsMiddleware(), before routes and auth.
package main

import (
	"errors"
	"os"

	"github.com/gofiber/fiber/v2"
)

func main() {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Use(corsMiddleware())
	items := func(c *fiber.Ctx) error {
		c.Set("X-Total-Count", "42")
		return c.JSON(fiber.Map{"ok": true})
	}
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		app.Add(m, "/api/items", items)
	}
	// An unhandled error: a plain error returned by the handler, which Fiber's default
	// ErrorHandler answers with 500. (fiber.New() installs no recover middleware.)
	app.Get("/api/error", func(c *fiber.Ctx) error {
		return errors.New("boom")
	})
	app.Use("/api/private", func(c *fiber.Ctx) error {
		if c.Get("Authorization") != "Bearer s3cret" {
			return c.Status(fiber.StatusUnauthorized).JSON(fiber.Map{"error": "unauthorized"})
		}
		return c.Next()
	})
	ok := func(c *fiber.Ctx) error { return c.JSON(fiber.Map{"ok": true}) }
	app.Get("/api/private", ok)
	app.Put("/api/private", ok)
	if err := app.Listen("127.0.0.1:" + os.Getenv("PORT")); err != nil {
		panic(err)
	}
}
