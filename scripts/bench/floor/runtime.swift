// the Swift runtime alone
// What any esp-prov binary holds before its own code runs.
print("ok \(CommandLine.arguments.count)")
