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
        var phoneTexts = Phone.PhoneTexts.For(language);
        var options = string.Concat(statuses.Select(s => $"""<option value="{E(s.id)}">{E(s.label)}</option>"""));
        var body = $"""
            <header>
              <h1>SnomPresence · {E(texts.Title)}</h1>
              <nav><a href="/admin/?lang={EnumIds.Id(language)}" aria-current="page">{E(texts.Title)}</a> <a href="/admin/phones?lang={EnumIds.Id(language)}">{E(texts.Phones)}</a> <a href="/admin/api/">{E(texts.ApiReference)}</a></nav>
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
              <dialog id="details">
                <header><h2 id="details-title"></h2><button type="button" id="details-close" aria-label="{E(texts.Close)}">×</button></header>
                <section class="detail-grid">
                  <div>
                    <h3>{E(texts.Display)}</h3>
                    <div class="display-tabs"><button type="button" data-screen="status">{E(texts.StatusScreen)}</button><button type="button" data-screen="menu">{E(texts.MenuScreen)}</button></div>
                    <div id="display" class="phone-display" aria-label="{E(texts.Display)}"></div>
                  </div>
                  <div>
                    <h3>{E(texts.Forwarding)}</h3>
                    <form id="forwarding" class="forwarding">
                      <select name="status" aria-label="{E(texts.Status)}">{options}</select>
                      <select name="slot" aria-label="{E(texts.Slot)}"></select>
                      <select name="kind" aria-label="{E(texts.Target)}"></select>
                      <input name="number" aria-label="{E(texts.Number)}" placeholder="{E(texts.Number)}" inputmode="tel">
                      <button type="submit">{E(texts.Set)}</button>
                      <p class="error" role="alert" id="forwarding-error"></p>
                    </form>
                    <h3>{E(texts.History)}</h3>
                    <table id="history"><thead><tr><th>{E(texts.When)}</th><th>{E(texts.What)}</th><th>{E(texts.Status)}</th><th>{E(texts.Who)}</th><th>{E(texts.From)}</th></tr></thead><tbody></tbody></table>
                  </div>
                </section>
              </dialog>
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
                texts = new { texts.Set, texts.NoEnd, texts.InQueue, texts.Details, texts.PbxParked },
                slots = Enum.GetValues<RouteType>().ToDictionary(
                    EnumIds.Id,
                    route => ForwardingSlots.For(route).Select(slot => new { id = EnumIds.Id(slot), label = phoneTexts.Slots[slot] })),
                kinds = ForwardingTarget.Settable.Select(kind => new { id = EnumIds.Id(kind), label = Phone.Minibrowser.ForwardingEndpoints.KindName(kind, phoneTexts) }),
            }).Replace("</", "<\\/", StringComparison.Ordinal)}</script>
            """;
        return TypedResults.Text(Page(language, texts.Title, body, "/admin/assets/board.js"), HtmlType);
    }

    public static ContentHttpResult Phones(HttpContext context, IAntiforgery antiforgery)
    {
        var language = AdminUiTexts.LanguageOf(context.Request);
        var texts = AdminUiTexts.For(language);
        var token = antiforgery.GetAndStoreTokens(context);
        var lang = EnumIds.Id(language);
        var body = $"""
            <header>
              <h1>SnomPresence · {E(texts.Phones)}</h1>
              <nav><a href="/admin/?lang={lang}">{E(texts.Title)}</a> <a href="/admin/phones?lang={lang}" aria-current="page">{E(texts.Phones)}</a> <a href="/admin/api/">{E(texts.ApiReference)}</a></nav>
              <form method="post" action="/admin/signout">
                <input type="hidden" name="{E(token.FormFieldName)}" value="{E(token.RequestToken!)}">
                <button type="submit">{E(texts.SignOut)}</button>
              </form>
            </header>
            <main>
              <section class="panel">
                <h2>{E(texts.AddOrEditPhone)}</h2>
                <form id="phone" class="phone-form">
                  <input name="mac" placeholder="MAC" aria-label="MAC" required>
                  <input name="model" placeholder="D785" aria-label="{E(texts.Model)}" required>
                  <input name="extensions" placeholder="201 202" aria-label="{E(texts.Extensions)}" required>
                  <input name="displayName" placeholder="{E(texts.DisplayName)}" aria-label="{E(texts.DisplayName)}">
                  <select name="language" aria-label="{E(texts.LanguageLabel)}"><option value="">–</option><option value="de">Deutsch</option><option value="en">English</option></select>
                  <input name="webUser" placeholder="{E(texts.WebUser)}" aria-label="{E(texts.WebUser)}" autocomplete="off">
                  <input name="webPassword" type="password" placeholder="{E(texts.WebPassword)}" aria-label="{E(texts.WebPassword)}" autocomplete="new-password">
                  <button type="submit">{E(texts.Save)}</button>
                </form>
                <p id="phone-result" role="status"></p>
              </section>
              <table id="phones">
                <thead><tr><th>MAC</th><th>{E(texts.Model)}</th><th>{E(texts.Extensions)}</th><th>{E(texts.DisplayName)}</th><th>{E(texts.LanguageLabel)}</th><th>{E(texts.WebUser)}</th><th></th></tr></thead>
                <tbody></tbody>
              </table>
              <section class="panel">
                <h2>{E(texts.CsvImport)}</h2>
                <textarea id="csv" rows="6" aria-label="CSV" placeholder="mac,model,extensions,display_name,language,web_user,web_password"></textarea>
                <div><button type="button" id="dry-run">{E(texts.DryRun)}</button> <button type="button" id="import">{E(texts.Import)}</button> <a href="/api/phones/export">{E(texts.Export)}</a></div>
                <div id="import-report" role="status"></div>
              </section>
              <section class="panel">
                <h2 id="output-title">{E(texts.ProvisioningFile)}</h2>
                <pre id="output"></pre>
              </section>
            </main>
            <script id="config" type="application/json">{JsonSerializer.Serialize(new
            {
                lang,
                csrf = token.RequestToken,
                texts = new { texts.Edit, texts.NewToken, texts.ProvisioningFile, texts.Created, texts.Updated, texts.Line, texts.Field, texts.Reason, texts.ImportDone, texts.DryRunDone, texts.TokenShownOnce },
            }).Replace("</", "<\\/", StringComparison.Ordinal)}</script>
            """;
        return TypedResults.Text(Page(language, texts.Phones, body, "/admin/assets/phones.js"), HtmlType);
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
