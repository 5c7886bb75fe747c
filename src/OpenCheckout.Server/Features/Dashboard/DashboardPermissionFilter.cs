using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace OpenCheckout.Server.Features.Dashboard;

/// <summary>Enforces <see cref="DashboardPermissions"/> before any handler of a dashboard page runs: GETs need
/// <see cref="DashboardAction.View"/>, other methods the action their <see cref="PerformsAttribute"/> names. Refused: 403.</summary>
sealed class DashboardPermissionFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (context.HandlerInstance is not DashboardPageModel page) return;
        var performs = context.HandlerMethod?.MethodInfo.GetCustomAttribute<PerformsAttribute>();
        var action = performs?.Action ?? (HttpMethods.IsGet(context.HttpContext.Request.Method) || HttpMethods.IsHead(context.HttpContext.Request.Method)
            ? DashboardAction.View
            : (DashboardAction?)null);
        if (action is null || !page.Can(action.Value))
            context.Result = new ContentResult { StatusCode = StatusCodes.Status403Forbidden, ContentType = "text/plain; charset=utf-8",
                Content = action is null ? "This action is not declared." : $"Your role ({page.CurrentUser.Role}) may not do this in {page.Mode} mode." };
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
