using System.IO.Pipelines;
using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Core.Text;

/// <summary>
/// Checks every text argument a minimal-API handler is given (route and query values, headers, the JSON body) against
/// its <see cref="TextRule"/> before the handler runs, and answers 400 with the Chinese refusal otherwise. Added to
/// every module's API group by <see cref="Modules.ModuleRouteBuilder"/> and to the host's API groups, so a module
/// cannot forget it.
/// </summary>
public static class TextEndpointFilter
{
    private static readonly HashSet<Type> Plumbing =
    [
        typeof(HttpContext), typeof(HttpRequest), typeof(HttpResponse), typeof(ClaimsPrincipal), typeof(CancellationToken),
        typeof(IFormFile), typeof(IFormFileCollection), typeof(IFormCollection), typeof(Stream), typeof(PipeReader),
    ];

    /// <summary>Checks the text arguments of the group's (or endpoint's) endpoints; marks them <see cref="TextCheckedEndpoint"/>.</summary>
    public static TBuilder CheckText<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(Create).WithMetadata(new TextCheckedEndpoint());

    /// <summary>The filter factory: works out once per endpoint which arguments carry text.</summary>
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var services = context.ApplicationServices.GetService<IServiceProviderIsService>();
        var checks = context.MethodInfo.GetParameters()
            .Select((parameter, index) => (Parameter: parameter, Index: index))
            .Where(p => IsBound(p.Parameter, services))
            .Select(p => (p.Index, Label: p.Parameter.GetCustomAttribute<TextRuleAttribute>()?.Label ?? p.Parameter.Name ?? "",
                Rule: p.Parameter.GetCustomAttribute<TextRuleAttribute>()?.Rule))
            .ToArray();
        if (checks.Length == 0) return next;
        return invocation =>
        {
            foreach (var (index, label, rule) in checks)
                if (index < invocation.Arguments.Count && TextValidator.Problem(invocation.Arguments[index], label, rule) is { } problem)
                    return ValueTask.FromResult<object?>(PlatformExceptionFilter.Problem(problem));
            return next(invocation);
        };
    }

    /// <summary>Whether a handler parameter is bound from the request (not a service or the request's plumbing) and carries text.</summary>
    public static bool IsBound(ParameterInfo parameter, IServiceProviderIsService? services)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (Plumbing.Contains(type) || parameter.GetCustomAttribute<FromServicesAttribute>() is not null
            || parameter.GetCustomAttribute<FromKeyedServicesAttribute>() is not null)
            return false;
        if (type != typeof(string) && services?.IsService(type) == true) return false;
        return TextValidator.Carries(type);
    }
}

/// <summary>Marks an endpoint whose text arguments are checked (<see cref="TextEndpointFilter.CheckText{TBuilder}"/>).</summary>
public sealed record TextCheckedEndpoint;
