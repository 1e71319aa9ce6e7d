// Telegram passes the Mini App's signed launch data in the URL fragment (tgWebAppData);
// post it to the server, which checks Telegram's signature before opening a session.
document.addEventListener("DOMContentLoaded", function () {
  var params = new URLSearchParams(location.hash.slice(1));
  var data = params.get("tgWebAppData") ||
    (window.Telegram && window.Telegram.WebApp && window.Telegram.WebApp.initData) || "";
  var form = document.getElementById("miniapp");
  if (!data || !form) { return; }
  form.elements.init_data.value = data;
  form.submit();
});
