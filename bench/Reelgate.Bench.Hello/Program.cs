// Kestrel's own minimal "hello" endpoint, configured like the gateway (slim builder, no logging
// per request), so bench/run-http.sh can report the gateway's paths as a share of this ceiling.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/hello", () => TypedResults.Text("hello"));
await app.RunAsync();
