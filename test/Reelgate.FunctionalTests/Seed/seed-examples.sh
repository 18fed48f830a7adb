# The curl examples of the seed API document (shared/seeds/000_17d544029662edca.txt), verbatim,
# one per method, in the document's order. SeedExampleTests runs each with only the host and the
# key changed (and, for the flow test, the ID placeholder filled in).

curl -X POST https://api.infrai.cc/v1/video/generate \
  -H "Authorization: Bearer $INFRAI_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{"prompt": "a timelapse of a city skyline at dusk", "prefer": "balanced", "resolution": "1080p", "duration_seconds": 5, "aspect_ratio": "16:9"}'

curl -X GET https://api.infrai.cc/v1/video/status/ID \
  -H "Authorization: Bearer $INFRAI_API_KEY"

curl -X POST https://api.infrai.cc/v1/video/cancel/ID \
  -H "Authorization: Bearer $INFRAI_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{"job_id": "..."}'

curl -X GET https://api.infrai.cc/v1/video/get/ID \
  -H "Authorization: Bearer $INFRAI_API_KEY"

curl -X GET https://api.infrai.cc/v1/video/list \
  -H "Authorization: Bearer $INFRAI_API_KEY"

curl -X DELETE https://api.infrai.cc/v1/video/delete/ID \
  -H "Authorization: Bearer $INFRAI_API_KEY"

curl -X POST https://api.infrai.cc/v1/video/delete_all \
  -H "Authorization: Bearer $INFRAI_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{}'

curl -X GET https://api.infrai.cc/v1/video/download_url/ID \
  -H "Authorization: Bearer $INFRAI_API_KEY"

curl -X POST https://api.infrai.cc/v1/video/set_retention/ID \
  -H "Authorization: Bearer $INFRAI_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{"job_id": "...", "days": 0}'

curl -X GET https://api.infrai.cc/v1/video/capabilities \
  -H "Authorization: Bearer $INFRAI_API_KEY"
