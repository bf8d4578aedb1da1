using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using SnomPresence.Presence;

namespace SnomPresence.Web.AdminUi;

/// <summary>The HTML of the admin pages: small server-rendered shells; the board fills itself from JSON and the event stream.</summary>
internal static class AdminPages
{
    private const string HtmlType = "text/html; charset=utf-8";

    public static ContentHttpResult SignIn(HttpContext context, IAntiforgery antiforgery, string? problem, int status = StatusCodes.Status200OK)
    {
        var language = AdminUiTexts.LanguageOf(context.Request);
        var texts = AdminUiTexts.For(language);
        var token = antiforgery.GetAndStoreTokens(context);
        var error = problem is null ? string.Empty : $"""<p class="error" role="alert">{E(problem)}</p>""";
        var body = $"""
            <main class="signin">
              <h1>SnomPresence · {E(texts.SignInTitle)}</h1>
              {error}
              <form method="post" action="/admin/signin{E(context.Request.QueryString.Value ?? string.Empty)}">
                <input type="hidden" name="{E(token.FormFieldName)}" value="{E(token.RequestToken!)}">
                <label for="key">{E(texts.KeyLabel)}</label>
                <input id="key" name="key" type="password" autocomplete="current-password" required autofocus>
                <button type="submit">{E(texts.SignIn)}</button>
              </form>
              <p class="languages"><a href="?lang=de">Deutsch</a> · <a href="?lang=en">English</a></p>
            </main>
            """;
        return TypedResults.Text(Page(language, texts.SignInTitle, body, script: null), HtmlType, statusCode: status);
    }

    public static ContentHttpResult Board(HttpContext context, IAntiforgery antiforgery, StatusLabels labels)
    {
        var language = AdminUiTexts.LanguageOf(context.Request);
        var texts = AdminUiTexts.For(language);
        var token = antiforgery.GetAndStoreTokens(context);
        var statuses = Enum.GetValues<PresenceStatus>().Select(s => new { id = EnumIds.Id(s), label = labels.Label(s, language) });
        var options = string.Concat(statuses.Select(s => $"""<option value="{E(s.id)}">{E(s.label)}</option>"""));
        var body = $"""
            <header>
              <h1>SnomPresence · {E(texts.Title)}</h1>
              <span id="live" class="live" data-live="{E(texts.Live)}" data-offline="{E(texts.Offline)}">…</span>
              <form method="post" action="/admin/signout">
                <input type="hidden" name="{E(token.FormFieldName)}" value="{E(token.RequestToken!)}">
                <button type="submit">{E(texts.SignOut)}</button>
              </form>
            </header>
            <main>
              <div class="filters">
                <input id="search" type="search" placeholder="{E(texts.Search)}" aria-label="{E(texts.Search)}">
                <select id="status-filter" aria-label="{E(texts.Status)}"><option value="">{E(texts.AllStatuses)}</option>{options}</select>
              </div>
              <table id="board">
                <thead><tr>
                  <th>{E(texts.Extension)}</th><th>{E(texts.Status)}</th><th>{E(texts.Internal)}</th><th>{E(texts.External)}</th>
                  <th>{E(texts.Until)}</th><th>{E(texts.Queue)}</th><th>{E(texts.LastChange)}</th><th>{E(texts.Set)}</th>
                </tr></thead>
                <tbody></tbody>
              </table>
            </main>
            <script id="config" type="application/json">{JsonSerializer.Serialize(new
            {
                lang = EnumIds.Id(language),
                csrf = token.RequestToken,
                statuses,
                texts = new { texts.Set, texts.NoEnd, texts.InQueue },
            }).Replace("</", "<\\/", StringComparison.Ordinal)}</script>
            """;
        return TypedResults.Text(Page(language, texts.Title, body, "/admin/assets/board.js"), HtmlType);
    }

    /// <summary>The page's script and style, shipped inside the service so it needs no static file folder.</summary>
    public static IResult Asset(string name)
    {
        var type = Path.GetExtension(name) switch
        {
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => null,
        };
        var stream = type is null ? null : Assembly.GetExecutingAssembly().GetManifestResourceStream("SnomPresence.Web.AdminUi.Assets." + name);
        return stream is null ? TypedResults.NotFound() : TypedResults.Stream(stream, type);
    }

    private static string Page(Language language, string title, string body, string? script) => $"""
        <!DOCTYPE html>
        <html lang="{EnumIds.Id(language)}">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{E(title)} · SnomPresence</title>
          <link rel="stylesheet" href="/admin/assets/admin.css">
        </head>
        <body>
        {body}
        {(script is null ? string.Empty : $"<script src=\"{script}\"></script>")}
        </body>
        </html>
        """;

    private static string E(string text) => AdminUiEndpoints.Encode(text);
}
