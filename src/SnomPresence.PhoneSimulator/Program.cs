using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SnomPresence.PhoneSimulator;

if (args.Contains("--help"))
{
    Console.WriteLine(SimulatorOptions.Help);
    return 0;
}

SimulatorOptions options;
try
{
    options = SimulatorOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

// The service pushes to the address a phone calls from, so the simulator calls from the address it listens on.
using var http = new HttpClient(SimulatorOptions.FromListenAddress(options.Listen)) { Timeout = TimeSpan.FromSeconds(10) };
// Snom phones name model, firmware and MAC in their User-Agent; the service fits its pages to them.
http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
using var phone = new SimulatedPhone(http, options, options.Dump ? TextWriter.Null : Console.Out);
await using var web = PhoneWebInterface.Build(phone, options.Listen);
await web.StartAsync();
options.Address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
    .Select(a => new Uri(a).Authority)
    .First();

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

await phone.BootAsync(options.Address, stop.Token);
if (options.Dump || options.Steps.Count > 0)
{
    foreach (var (step, value) in options.Steps)
    {
        switch (step)
        {
            case "press": await phone.PressAsync(value, stop.Token); break;
            case "input": await phone.InputAsync(value, stop.Token); break;
            case "select": await phone.SelectAsync(value, stop.Token); break;
            case "settle": await phone.SettleAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(15), stop.Token); break;
            default: await Task.Delay(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture), stop.Token); break;
        }
    }

    Console.Write(ScreenRenderer.Render(phone));
    await web.StopAsync();
    return 0;
}

phone.Changed += () => Redraw(phone);
Redraw(phone);
while (!stop.IsCancellationRequested && Console.ReadLine() is { } line)
{
    var command = line.Trim();
    switch (command.ToUpperInvariant())
    {
        case "QUIT" or "EXIT": stop.Cancel(); break;
        case "REFRESH": await phone.OpenAsync(phone.CurrentUrl ?? $"{phone.BaseUrl}/snom/status?ext={options.Extension}", stop.Token, remember: false); break;
        case var c when c.StartsWith("TYPE ", StringComparison.Ordinal): await phone.InputAsync(command[5..], stop.Token); break;
        case var c when c.StartsWith("SELECT ", StringComparison.Ordinal): await phone.SelectAsync(command[7..], stop.Token); break;
        case "": Redraw(phone); break;
        default: await phone.PressAsync(command, stop.Token); break;
    }
}

await web.StopAsync();
return 0;

static void Redraw(SimulatedPhone phone)
{
    Console.Clear();
    Console.Write(ScreenRenderer.Render(phone));
    Console.Write("key (dnd, status, f1-f4, 1-9, ok, back, select <text>, type <text>, refresh, quit)> ");
}
