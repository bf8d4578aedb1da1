using Microsoft.Extensions.DependencyInjection.Extensions;
using SnomPresence.Web.Phone.Minibrowser;

namespace SnomPresence.Web.Colleagues;

internal static class ColleaguesRegistration
{
    /// <summary>Colleagues' presence: the options, the in-memory directory the phone lists read, and the group editor.</summary>
    public static IHostApplicationBuilder AddColleagues(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ColleaguesOptions>()
            .BindConfiguration(ColleaguesOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton<ColleagueDirectory>();
        builder.Services.TryAddSingleton<ColleagueLists>();
        builder.Services.TryAddSingleton<GroupEditor>();
        return builder;
    }
}
