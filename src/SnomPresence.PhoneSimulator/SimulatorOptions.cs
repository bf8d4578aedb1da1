using System.Globalization;
using SnomPresence.Presence;

namespace SnomPresence.PhoneSimulator;

/// <summary>Command line of the simulator.</summary>
internal sealed class SimulatorOptions
{
    public string Service { get; set; } = "http://127.0.0.1:5080";

    public string Extension { get; set; } = "201";

    public string Mac { get; set; } = "000413000201";

    /// <summary>The phone's token from its provisioning file (or from <c>PUT /api/phones/{mac}</c>).</summary>
    public string? Token { get; set; }

    /// <summary>
    /// Where the simulated phone's web interface listens (IP:port, port 0 for any). Its requests come from that IP,
    /// and the service pushes to it on <c>Phones:Push:Port</c>, which must be this port.
    /// </summary>
    public string Listen { get; set; } = "127.0.0.1:8081";

    /// <summary>The address announced to the service; set once the web interface listens.</summary>
    public string? Address { get; set; }

    public string? Language { get; set; }

    /// <summary>The Snom model the simulator plays: its LED numbering, display and what its minibrowser shows.</summary>
    public PhoneModel Model { get; set; } = PhoneModel.Parse("D785");

    /// <summary>The firmware it reports in its User-Agent; D8xx show input pages only from 10.1.198.</summary>
    public SnomFirmware Firmware { get; set; } = SnomFirmware.Parse("10.1.215.13");

    /// <summary>The <c>fkey idx</c> of the key provisioned to open the presence pages (P2 in the shipped templates).</summary>
    public int StatusKey { get; set; } = 1;

    /// <summary>The User-Agent a Snom phone sends, naming model, firmware and MAC.</summary>
    public string UserAgent => string.Create(CultureInfo.InvariantCulture, $"Mozilla/4.0 (compatible; snom{Model}-SIP {Firmware} {Mac})");

    public bool FollowFetch { get; set; } = true;

    public bool EchoRemoteDnd { get; set; } = true;

    /// <summary>Non-interactive steps in order: ("press", key), ("select", text), ("input", text), ("wait", ms), ("settle", "").</summary>
    public List<(string Step, string Value)> Steps { get; } = [];

    public bool Dump { get; set; }

    /// <summary>A handler whose connections leave from the IP of <paramref name="listen"/>, as a phone's come from its own address.</summary>
    public static SocketsHttpHandler FromListenAddress(string listen)
    {
        var handler = new SocketsHttpHandler();
        if (!System.Net.IPEndPoint.TryParse(listen, out var endpoint) || endpoint.Address.Equals(System.Net.IPAddress.Any) || endpoint.Address.Equals(System.Net.IPAddress.IPv6Any))
        {
            return handler;
        }

        handler.ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new System.Net.Sockets.Socket(endpoint.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new System.Net.IPEndPoint(endpoint.Address, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
        return handler;
    }

    public static SimulatorOptions Parse(string[] args)
    {
        var options = new SimulatorOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--service": options.Service = Value(); break;
                case "--ext": options.Extension = Value(); break;
                case "--mac": options.Mac = Value(); break;
                case "--token": options.Token = Value(); break;
                case "--listen": options.Listen = Value(); break;
                case "--lang": options.Language = Value(); break;
                case "--model": options.Model = PhoneModel.TryParse(Value(), out var model) ? model : throw new ArgumentException($"--model {args[i]}: not a Snom desk-phone model such as D785."); break;
                case "--firmware": options.Firmware = SnomFirmware.TryParse(Value(), out var firmware) ? firmware : throw new ArgumentException($"--firmware {args[i]}: not a firmware version such as 10.1.215.13."); break;
                case "--status-key": options.StatusKey = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--no-fetch": options.FollowFetch = false; break;
                case "--no-echo": options.EchoRemoteDnd = false; break;
                case "--press": options.Steps.Add(("press", Value())); break;
                case "--input": options.Steps.Add(("input", Value())); break;
                case "--select": options.Steps.Add(("select", Value())); break;
                case "--wait": options.Steps.Add(("wait", Value())); break;
                case "--settle": options.Steps.Add(("settle", string.Empty)); break;
                case "--dump": options.Dump = true; break;
                default: throw new ArgumentException($"Unknown option {args[i]}; see --help.");
            }
        }

        return options;
    }

    public const string Help = """
        snom-phone-sim: a Snom desk phone in the terminal, against a running SnomPresence.

          --service URL   SnomPresence address (default http://127.0.0.1:5080)
          --ext N         the phone's extension ($active_user, default 201)
          --mac MAC       the phone's MAC (default 000413000201)
          --token T       the phone's token from the inventory (needed unless Phones:RequireToken is false)
          --listen IP:P   where the phone's web interface listens for pushes, and the address it calls from
                          (default 127.0.0.1:8081; run the service with Phones:Push:Port set to P)
          --lang de|en    language to ask for
          --model M       the Snom model to play (default D785): LED numbering, display, input support
          --firmware V    the firmware it reports (default 10.1.215.13); D8xx show input pages from 10.1.198
          --status-key N  fkey idx of the key that opens the presence pages (default 1, P2)
          --no-fetch      do not follow fetch refreshes
          --no-echo       do not fire the DND action URL when DND is changed remotely

        Non-interactive (scripts, tests): steps run in order, then the screen is printed.
          --press KEY     DND, STATUS (the Status key), F1..F4, 1..9 (menu item), OK, BACK
          --select TEXT   follow the menu item whose name starts with TEXT
          --input TEXT    type into an input page and send it
          --wait MS       wait, e.g. for a push to arrive
          --settle        wait until phone and service have been quiet for 0.5 s (boot, pushes done; at most 15 s)
          --dump          print the screen and exit

        Interactive keys: dnd, status, f1..f4, 1..9, ok, back, select <text>, type <text>, refresh, quit.
        """;
}
