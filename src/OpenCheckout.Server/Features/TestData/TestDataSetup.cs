namespace OpenCheckout.Server.Features.TestData;

static class TestDataSetup
{
    public static void AddTestData(this WebApplicationBuilder builder) => builder.Services.AddSingleton<TestDataReset>();
}
