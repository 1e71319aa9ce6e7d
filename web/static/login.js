// Opening the link signs in at once; link previews (which run no script) never do.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("login");
  if (form) { form.submit(); }
});
