// Progressive enhancement only: the form works without this file.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.pay-form");
  if (!form) return;

  const number = form.querySelector("#card_number");
  number?.addEventListener("input", () => {
    const digits = number.value.replace(/\D/g, "").slice(0, 19);
    number.value = digits.replace(/(\d{4})(?=\d)/g, "$1 ");
  });

  // Picking another shipping method saves it and reloads the page with the new total (without script, pressing Pay
  // does the same first, and the buyer pays the total shown).
  for (const option of form.querySelectorAll('input[name="shipping_rate"][type="radio"]')) {
    option.addEventListener("change", () => {
      const update = document.createElement("input");
      update.type = "hidden";
      update.name = "update_shipping";
      update.value = "1";
      form.append(update);
      form.submit();
    });
  }

  // One click, one submit: the server charges at most once anyway, this just spares the buyer a second wait.
  form.addEventListener("submit", () => {
    const button = form.querySelector("button.pay");
    if (!button) return;
    setTimeout(() => { button.disabled = true; button.textContent = "Processing…"; }, 0);
  });
});
