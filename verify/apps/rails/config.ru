# A minimal Rails (railties + actionpack, Debian packages) app for the harness. CORS comes only
# from the generated config/initializers/cors.rb, which Rails loads from config.root like any
# initializer; `require "rack/cors"` stands for the Gemfile's `gem "rack-cors"`.
require "logger"
require "rails"
require "action_controller/railtie"
require "rack/cors"

# Bearer-token auth as a Rack middleware on /api/private, for every method (OPTIONS included):
# it would reject a preflight that reached it.
class TokenAuth
  def initialize(app)
    @app = app
  end

  def call(env)
    if env["PATH_INFO"] == "/api/private" && env["HTTP_AUTHORIZATION"] != "Bearer s3cret"
      return [401, { "Content-Type" => "application/json" }, ['{"error":"unauthorized"}']]
    end

    @app.call(env)
  end
end

class HarnessApp < Rails::Application
  config.root = __dir__
  config.eager_load = false
  config.secret_key_base = "corsfix-verify-not-secret"
  config.logger = Logger.new($stdout)
  config.log_level = :warn
  config.middleware.use TokenAuth
end

class ApiController < ActionController::API
  def items
    response.set_header("X-Total-Count", "42")
    render json: { ok: true }
  end

  def error
    raise "boom (the harness's 500 route)"
  end

  def private_data
    render json: { ok: true }
  end
end

Rails.application.initialize!
run Rails.application
