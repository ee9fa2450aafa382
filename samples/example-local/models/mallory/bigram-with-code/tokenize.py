# Never executed: the example-no-code check rejects any model that ships a .py file.
print('hello')
