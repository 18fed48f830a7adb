-- wrk script: GET /v1/video/status/{id} of an existing succeeded job (signs two URLs per answer).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("REELGATE_API_KEY")
