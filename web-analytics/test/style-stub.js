// Stylesheets are irrelevant to jsdom tests.
module.exports = {};
