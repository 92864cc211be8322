// Progressive enhancement: mark the page as able to run modules, then start each component
// named by a data-module attribute: data-module="APP/NAME" loads /static/APP/js/NAME.mjs and
// calls its init(element). Pages work without this file.
document.documentElement.classList.add("js-enabled");

const MODULE_NAME = /^[a-z]+\/[a-z-]+$/;

async function start(root = document) {
  for (const element of root.querySelectorAll("[data-module]")) {
    for (const name of element.dataset.module.split(/\s+/)) {
      if (!MODULE_NAME.test(name)) continue;
      const [app, file] = name.split("/");
      try {
        const module = await import(`../../${app}/js/${file}.mjs`);
        module.init(element);
      } catch (error) {
        console.error(`module ${name} failed to start`, error);
      }
    }
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => start());
} else {
  start();
}
