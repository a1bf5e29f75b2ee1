using Microsoft.AspNetCore.Mvc.Filters;
using Platform.Core;
using Platform.Core.Modules;
using Platform.Core.Text;

namespace Platform.Cms.Hosting;

/// <summary>
/// Reads a page's posted form before the antiforgery check does: a form that cannot be read (a value over the form
/// reader's 4 MB limit, a NUL it refuses, a body over the request limit) would otherwise fail that check with a bare
/// 400. The person gets the Chinese refusal instead, and nothing runs. A form read here is the one the page binds.
/// </summary>
public sealed class FormReadFilter : IAsyncAuthorizationFilter, IOrderedFilter
{
    /// <summary>Before the antiforgery filter (order 1000), which reads the form itself.</summary>
    public int Order => -1000;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var request = context.HttpContext.Request;
        if (!request.HasFormContentType) return;
        try
        {
            await request.ReadFormAsync(context.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            var status = ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } ? 413 : 400;
            var refusal = new PlatformException(status,
                "表单无法读取：有一栏内容太长（超过 400 万字），或含有看不见的控制字符（如空字符 NUL），什么也没有保存。请检查填写的内容后重新提交。",
                "The form could not be read: a field is far too long or holds an invisible control character (such as NUL). Nothing was saved.");
            context.Result = ModulePageModel.RefusalResult(refusal, request.Path, Bilingual.T("返回表单", "Back to the form"));
        }
    }
}
