Rails.application.routes.draw do
  match "/api/items", to: "api#items", via: %i[get post put patch delete]
  get "/api/error", to: "api#error"
  match "/api/private", to: "api#private_data", via: %i[get put]
end
