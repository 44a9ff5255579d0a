-- wrk script: POST a policy to /api/v1/generate (the Fix tool's request).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"policy":{"origins":["https://app.example.com","https://admin.example.com"],"credentials":true,"methods":["GET","POST","PUT","DELETE"],"request_headers":["Content-Type","Authorization"],"expose_headers":["X-Total-Count"],"max_age":600},"target":"express"}'
