using System.Net;
using Microsoft.AspNetCore.Http;

namespace Platform.Core.Text;

/// <summary>
/// Reads a posted form before a minimal-API handler does: a form that cannot be read (a value over the form reader's
/// 4 MB limit, a NUL it refuses, a body over the request limit) gets a Chinese 400 page instead of an error. Added to
/// every module's public and admin groups by <see cref="Modules.ModuleRouteBuilder"/> (the public provider application).
/// </summary>
public sealed class FormReadEndpointFilter : IEndpointFilter
{
    /// <summary>The refusal for a form that could not be read.</summary>
    public static PlatformException Refusal(Exception reason) => new(
        reason is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } ? 413 : 400,
        "表单无法读取：有一栏内容太长（超过 400 万字），或含有看不见的控制字符（如空字符 NUL），什么也没有保存。请检查填写的内容后重新提交。",
        "The form could not be read: a field is far too long or holds an invisible control character (such as NUL). Nothing was saved.");

    /// <summary>Whether an exception from reading a form means the form itself is bad (not the connection).</summary>
    public static bool IsUnreadable(Exception exception) => exception is InvalidDataException or BadHttpRequestException;

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!request.HasFormContentType) return await next(context);
        try
        {
            await request.ReadFormAsync(context.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (IsUnreadable(ex))
        {
            var refusal = Refusal(ex);
            return Results.Content(
                "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>无法办理</title><body><main><h1>无法办理</h1>"
                + $"<p role=\"alert\">{WebUtility.HtmlEncode(refusal.Localized)}</p><p><a href=\"{WebUtility.HtmlEncode(request.Path)}\">"
                + $"{WebUtility.HtmlEncode(Bilingual.T("返回表单", "Back to the form"))}</a></p></main></body></html>",
                "text/html; charset=utf-8", statusCode: refusal.Status);
        }
        return await next(context);
    }
}
