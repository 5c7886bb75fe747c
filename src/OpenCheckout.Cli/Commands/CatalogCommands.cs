using System.CommandLine;
using OpenCheckout.Client;
using OpenCheckout.Wire;

namespace OpenCheckout.Cli.Commands;

/// <summary><c>opencheckout products ...</c> and <c>opencheckout prices ...</c>.</summary>
static class CatalogCommands
{
    public static Command Products()
    {
        var paging = new PagingOptions();
        var active = new Option<bool?>("--active") { Description = "Only active (true) or inactive (false) products." };
        var list = new Command("list", "List products, newest first.") { active };
        paging.AddTo(list);
        list.SetCliAction(async (cli, result, ct) =>
        {
            var page = await cli.Client.Products.ListAsync(paging.Apply(result, new ProductListOptions { Active = result.GetValue(active) }), ct);
            if (cli.Json) cli.WriteRawJson();
            else Render.Page(cli.Terminal, page.Data, page.HasMore, "products", ["ID", "NAME", "ACTIVE", "CREATED"],
                p => [p.ProductId, p.Name, Render.YesNo(p.Active), Render.Time(p.CreatedAt)], p => p.ProductId);
            return ExitCodes.Ok;
        });

        var id = CommandActions.IdArgument("product");
        var get = new Command("get", "Show one product.") { id };
        get.SetCliAction(async (cli, result, ct) =>
        {
            Show(cli, await cli.Client.Products.GetAsync(result.GetValue(id)!, ct));
            return ExitCodes.Ok;
        });

        var name = new Option<string>("--name") { Description = "The product's name, shown on the hosted page.", Required = true };
        var description = new Option<string?>("--description") { Description = "A longer description." };
        var url = new Option<string?>("--url") { Description = "The product's page in your shop." };
        var metadata = CommandActions.MetadataOption();
        var create = new Command("create", "Create a product.") { name, description, url, metadata };
        create.SetCliAction(async (cli, result, ct) =>
        {
            var request = new CreateProductRequest(result.GetValue(name)!)
            {
                Description = result.GetValue(description),
                Url = result.GetValue(url),
                Metadata = CommandActions.Metadata(result.GetValue(metadata)),
            };
            Show(cli, await cli.Client.Products.CreateAsync(request, ct: ct));
            return ExitCodes.Ok;
        });

        return new Command("products", "Products: what you sell.") { list, get, create };
    }

    public static Command Prices()
    {
        var paging = new PagingOptions();
        var productFilter = new Option<string?>("--product") { Description = "Only this product's prices (fprod_...)." };
        var active = new Option<bool?>("--active") { Description = "Only active (true) or inactive (false) prices." };
        var list = new Command("list", "List prices, newest first.") { productFilter, active };
        paging.AddTo(list);
        list.SetCliAction(async (cli, result, ct) =>
        {
            var options = paging.Apply(result, new PriceListOptions { Product = result.GetValue(productFilter), Active = result.GetValue(active) });
            var page = await cli.Client.Prices.ListAsync(options, ct);
            if (cli.Json) cli.WriteRawJson();
            else Render.Page(cli.Terminal, page.Data, page.HasMore, "prices", ["ID", "PRODUCT", "AMOUNT", "ACTIVE", "CREATED"],
                p => [p.PriceId, p.Product, Render.Money(p.UnitAmount, p.Currency), Render.YesNo(p.Active), Render.Time(p.CreatedAt)], p => p.PriceId);
            return ExitCodes.Ok;
        });

        var id = CommandActions.IdArgument("price");
        var get = new Command("get", "Show one price.") { id };
        get.SetCliAction(async (cli, result, ct) =>
        {
            Show(cli, await cli.Client.Prices.GetAsync(result.GetValue(id)!, ct));
            return ExitCodes.Ok;
        });

        var product = new Option<string>("--product") { Description = "The product it prices (fprod_...).", Required = true };
        var unitAmount = new Option<long>("--unit-amount") { Description = "In the currency's minor unit: 2000 is $20.00.", Required = true };
        var currency = new Option<string?>("--currency") { Description = "Lowercase ISO 4217 code (server default usd)." };
        var description = new Option<string?>("--description") { Description = "A description of the price." };
        var metadata = CommandActions.MetadataOption();
        var create = new Command("create", "Create a price for a product.") { product, unitAmount, currency, description, metadata };
        create.SetCliAction(async (cli, result, ct) =>
        {
            var request = new CreatePriceRequest(result.GetValue(product)!, result.GetValue(unitAmount))
            {
                Currency = result.GetValue(currency),
                Description = result.GetValue(description),
                Metadata = CommandActions.Metadata(result.GetValue(metadata)),
            };
            Show(cli, await cli.Client.Prices.CreateAsync(request, ct: ct));
            return ExitCodes.Ok;
        });

        return new Command("prices", "Prices: an amount and currency for a product.") { list, get, create };
    }

    static void Show(CliContext cli, Product p)
    {
        if (cli.Json)
        {
            cli.WriteRawJson();
            return;
        }
        cli.Terminal.Write(Render.Details(
            ("id", p.ProductId), ("name", p.Name), ("description", p.Description), ("active", Render.YesNo(p.Active)),
            ("url", p.Url), ("metadata", Render.Metadata(p.Metadata)), ("created", Render.Time(p.CreatedAt)), ("test mode", Render.YesNo(p.TestMode))));
    }

    static void Show(CliContext cli, Price p)
    {
        if (cli.Json)
        {
            cli.WriteRawJson();
            return;
        }
        cli.Terminal.Write(Render.Details(
            ("id", p.PriceId), ("product", p.Product), ("amount", Render.Money(p.UnitAmount, p.Currency)), ("unit amount", p.UnitAmount.ToString()),
            ("currency", p.Currency), ("description", p.Description), ("active", Render.YesNo(p.Active)), ("metadata", Render.Metadata(p.Metadata)),
            ("created", Render.Time(p.CreatedAt)), ("test mode", Render.YesNo(p.TestMode))));
    }
}
