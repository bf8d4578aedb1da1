using SnomPresence.Fleet;
using SnomPresence.Fleet.Targets;

// `bare` runs the comparison endpoint in its own process; everything else is the benchmark run.
if (args is ["bare", ..])
{
    await BareEndpoint.RunAsync(args[1..]);
    return 0;
}

if (FleetOptions.Parse(args, out var problem) is not { } options)
{
    Console.Error.WriteLine(problem);
    Console.Error.WriteLine(FleetOptions.Usage);
    return 2;
}

return await FleetRun.RunAsync(options);
