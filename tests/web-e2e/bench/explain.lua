-- wrk script: POST a pasted Chrome error to /api/v1/explain (the Explain tool's request).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"text":"Access to fetch at \'https://api.example.com/orders\' from origin \'https://app.example.com\' has been blocked by CORS policy: Response to preflight request doesn\'t pass access control check: No \'Access-Control-Allow-Origin\' header is present on the requested resource."}'
