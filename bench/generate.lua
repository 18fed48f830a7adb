-- wrk script: POST /v1/video/generate (the accept path only; the gateway runs with its dispatcher off).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("REELGATE_API_KEY")
wrk.body = '{"prompt": "a timelapse of a city skyline at dusk", "prefer": "balanced", "resolution": "1080p", "duration_seconds": 5, "aspect_ratio": "16:9"}'
