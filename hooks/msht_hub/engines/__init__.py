"""The engines that render the hub's pages; each is an adapter over build.HubBuild."""
