using Reelgate.Testing;

// Long tests keep the runner's channel alive; see HeartbeatAttribute.
[assembly: Heartbeat]
